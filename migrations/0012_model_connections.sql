CREATE TABLE "model_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" text NOT NULL,
	"kind" text NOT NULL,
	"base_url" text,
	"endpoint" text,
	"api_version" text,
	"api_key_encrypted" text,
	"models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_model" text,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "model_connections_purpose_check" CHECK ("model_connections"."purpose" in ('chat', 'embeddings')),
	CONSTRAINT "model_connections_kind_check" CHECK ("model_connections"."kind" in ('openai-compatible', 'openai', 'azure')),
	CONSTRAINT "model_connections_key_check" CHECK ("model_connections"."api_key_encrypted" is null or "model_connections"."api_key_encrypted" like 'v1.%')
);
--> statement-breakpoint
ALTER TABLE "model_connections" ADD CONSTRAINT "model_connections_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "model_connections_purpose_idx" ON "model_connections" USING btree ("purpose");
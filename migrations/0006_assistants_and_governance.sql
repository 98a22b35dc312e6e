CREATE TABLE "assistant_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assistant_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"change_note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_versions_assistant_version_key" UNIQUE("assistant_id","version")
);
--> statement-breakpoint
CREATE TABLE "assistants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"builtin_key" text,
	"builtin_version" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"icon" text DEFAULT '' NOT NULL,
	"colour" text DEFAULT 'blue' NOT NULL,
	"instructions" text NOT NULL,
	"intake" jsonb NOT NULL,
	"collections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"starters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"output_template" text DEFAULT '' NOT NULL,
	"default_model" text,
	"temperature" real,
	"owner_id" uuid,
	"team_id" uuid,
	"visibility" text DEFAULT 'private' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"approval" text DEFAULT 'none' NOT NULL,
	"approval_reason" text,
	"approved_by" uuid,
	"featured" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistants_builtin_key_unique" UNIQUE("builtin_key"),
	CONSTRAINT "assistants_visibility_check" CHECK ("assistants"."visibility" in ('private', 'team', 'organisation')),
	CONSTRAINT "assistants_status_check" CHECK ("assistants"."status" in ('draft', 'published')),
	CONSTRAINT "assistants_approval_check" CHECK ("assistants"."approval" in ('none', 'pending', 'approved', 'declined')),
	CONSTRAINT "assistants_team_visibility_check" CHECK ("assistants"."visibility" <> 'team' or "assistants"."team_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "saved_prompts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid,
	"team_id" uuid,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"visibility" text DEFAULT 'private' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_prompts_visibility_check" CHECK ("saved_prompts"."visibility" in ('private', 'team', 'organisation')),
	CONSTRAINT "saved_prompts_team_visibility_check" CHECK ("saved_prompts"."visibility" <> 'team' or "saved_prompts"."team_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "acceptable_use_acceptances" (
	"user_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "acceptable_use_acceptances_user_id_version_pk" PRIMARY KEY("user_id","version")
);
--> statement-breakpoint
CREATE TABLE "acceptable_use_versions" (
	"version" serial PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "acceptable_use_text_check" CHECK (char_length(trim("acceptable_use_versions"."text")) > 0)
);
--> statement-breakpoint
CREATE TABLE "guard_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"counts" jsonb NOT NULL,
	"action" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "style_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"category" text NOT NULL,
	"pattern" text NOT NULL,
	"case_sensitive" boolean DEFAULT false NOT NULL,
	"exceptions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"message" text NOT NULL,
	"suggestion" text DEFAULT '' NOT NULL,
	"document_ref" text,
	"source_url" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "assistant_version" integer;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "brief" jsonb;--> statement-breakpoint
ALTER TABLE "assistant_versions" ADD CONSTRAINT "assistant_versions_assistant_id_assistants_id_fk" FOREIGN KEY ("assistant_id") REFERENCES "public"."assistants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_versions" ADD CONSTRAINT "assistant_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistants" ADD CONSTRAINT "assistants_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistants" ADD CONSTRAINT "assistants_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistants" ADD CONSTRAINT "assistants_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_prompts" ADD CONSTRAINT "saved_prompts_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_prompts" ADD CONSTRAINT "saved_prompts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptable_use_acceptances" ADD CONSTRAINT "acceptable_use_acceptances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptable_use_acceptances" ADD CONSTRAINT "acceptable_use_acceptances_version_acceptable_use_versions_version_fk" FOREIGN KEY ("version") REFERENCES "public"."acceptable_use_versions"("version") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "acceptable_use_versions" ADD CONSTRAINT "acceptable_use_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guard_events" ADD CONSTRAINT "guard_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "style_rules" ADD CONSTRAINT "style_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistants_owner_idx" ON "assistants" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "assistants_team_idx" ON "assistants" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "saved_prompts_owner_idx" ON "saved_prompts" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "saved_prompts_team_idx" ON "saved_prompts" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "guard_events_created_idx" ON "guard_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "style_rules_category_idx" ON "style_rules" USING btree ("category");--> statement-breakpoint
ALTER TABLE "chats" ADD CONSTRAINT "chats_assistant_id_assistants_id_fk" FOREIGN KEY ("assistant_id") REFERENCES "public"."assistants"("id") ON DELETE set null ON UPDATE no action;
CREATE TABLE "analyses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chat_id" uuid NOT NULL,
	"attachment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"job_id" uuid,
	"file_name" text NOT NULL,
	"column" text NOT NULL,
	"question" text,
	"model" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"response_count" integer NOT NULL,
	"prepared" boolean DEFAULT false NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"model_calls" integer DEFAULT 0 NOT NULL,
	"call_budget" integer NOT NULL,
	"run" text,
	"error" text,
	"prompt_versions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "analyses_status_check" CHECK ("analyses"."status" in ('queued', 'running', 'complete', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "analysis_batches" (
	"analysis_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"index" integer NOT NULL,
	"result" jsonb NOT NULL,
	"attempts" integer NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analysis_batches_analysis_id_phase_index_pk" PRIMARY KEY("analysis_id","phase","index")
);
--> statement-breakpoint
CREATE TABLE "analysis_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"analysis_id" uuid NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"action" text NOT NULL,
	"detail" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_response_themes" (
	"analysis_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	CONSTRAINT "analysis_response_themes_response_id_theme_id_pk" PRIMARY KEY("response_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "analysis_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"analysis_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"row" integer NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analysis_themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"analysis_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"proposed_title" text,
	"edited" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_attachment_id_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analyses" ADD CONSTRAINT "analyses_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_batches" ADD CONSTRAINT "analysis_batches_analysis_id_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."analyses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_history" ADD CONSTRAINT "analysis_history_analysis_id_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."analyses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_history" ADD CONSTRAINT "analysis_history_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_response_themes" ADD CONSTRAINT "analysis_response_themes_analysis_id_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."analyses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_response_themes" ADD CONSTRAINT "analysis_response_themes_response_id_analysis_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."analysis_responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_response_themes" ADD CONSTRAINT "analysis_response_themes_theme_id_analysis_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."analysis_themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_responses" ADD CONSTRAINT "analysis_responses_analysis_id_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."analyses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analysis_themes" ADD CONSTRAINT "analysis_themes_analysis_id_analyses_id_fk" FOREIGN KEY ("analysis_id") REFERENCES "public"."analyses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analyses_chat_idx" ON "analyses" USING btree ("chat_id","created_at");--> statement-breakpoint
CREATE INDEX "analyses_attachment_idx" ON "analyses" USING btree ("attachment_id");--> statement-breakpoint
CREATE INDEX "analyses_user_idx" ON "analyses" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "analysis_history_analysis_idx" ON "analysis_history" USING btree ("analysis_id","at");--> statement-breakpoint
CREATE INDEX "analysis_response_themes_theme_idx" ON "analysis_response_themes" USING btree ("theme_id");--> statement-breakpoint
CREATE INDEX "analysis_response_themes_analysis_idx" ON "analysis_response_themes" USING btree ("analysis_id");--> statement-breakpoint
CREATE UNIQUE INDEX "analysis_responses_number_idx" ON "analysis_responses" USING btree ("analysis_id","number");--> statement-breakpoint
CREATE INDEX "analysis_themes_analysis_idx" ON "analysis_themes" USING btree ("analysis_id","position");
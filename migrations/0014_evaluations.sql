CREATE TABLE "assistant_evaluation_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"test_case_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"passed" boolean NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"output" text DEFAULT '' NOT NULL,
	"asked" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rubric" jsonb,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_evaluation_results_case_key" UNIQUE("evaluation_id","test_case_id")
);
--> statement-breakpoint
CREATE TABLE "assistant_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assistant_id" uuid NOT NULL,
	"assistant_version" integer NOT NULL,
	"model" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"suite" text DEFAULT 'assistant' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"passed_count" integer DEFAULT 0 NOT NULL,
	"pass_rate" real,
	"error" text,
	"job_id" uuid,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "assistant_evaluations_status_check" CHECK ("assistant_evaluations"."status" in ('queued', 'running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "assistant_test_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assistant_id" uuid NOT NULL,
	"builtin_key" text,
	"name" text NOT NULL,
	"request" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"expect" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_test_cases_builtin_key" UNIQUE("assistant_id","builtin_key")
);
--> statement-breakpoint
ALTER TABLE "assistant_evaluation_results" ADD CONSTRAINT "assistant_evaluation_results_evaluation_id_assistant_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."assistant_evaluations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_evaluation_results" ADD CONSTRAINT "assistant_evaluation_results_test_case_id_assistant_test_cases_id_fk" FOREIGN KEY ("test_case_id") REFERENCES "public"."assistant_test_cases"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_evaluations" ADD CONSTRAINT "assistant_evaluations_assistant_id_assistants_id_fk" FOREIGN KEY ("assistant_id") REFERENCES "public"."assistants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_evaluations" ADD CONSTRAINT "assistant_evaluations_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_evaluations" ADD CONSTRAINT "assistant_evaluations_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_test_cases" ADD CONSTRAINT "assistant_test_cases_assistant_id_assistants_id_fk" FOREIGN KEY ("assistant_id") REFERENCES "public"."assistants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_test_cases" ADD CONSTRAINT "assistant_test_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_evaluation_results_evaluation_idx" ON "assistant_evaluation_results" USING btree ("evaluation_id","position");--> statement-breakpoint
CREATE INDEX "assistant_evaluations_assistant_idx" ON "assistant_evaluations" USING btree ("assistant_id","assistant_version","created_at");--> statement-breakpoint
CREATE INDEX "assistant_evaluations_finished_idx" ON "assistant_evaluations" USING btree ("finished_at");--> statement-breakpoint
CREATE INDEX "assistant_test_cases_assistant_idx" ON "assistant_test_cases" USING btree ("assistant_id","position");
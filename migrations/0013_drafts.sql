CREATE TABLE "draft_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"version" integer NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"quote" text NOT NULL,
	"body" text NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_comments_span_check" CHECK ("draft_comments"."start" >= 0 and "draft_comments"."end" >= "draft_comments"."start")
);
--> statement-breakpoint
CREATE TABLE "draft_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"reviewer_id" uuid,
	"reviewer_name" text NOT NULL,
	"reviewer_email" text NOT NULL,
	"clinical" boolean DEFAULT false NOT NULL,
	"decision" text NOT NULL,
	"version" integer NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_decisions_decision_check" CHECK ("draft_decisions"."decision" in ('approve', 'changes_requested'))
);
--> statement-breakpoint
CREATE TABLE "draft_edits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"user_id" uuid,
	"base_version" integer NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"instruction" text NOT NULL,
	"original" text NOT NULL,
	"replacement" text,
	"status" text DEFAULT 'streaming' NOT NULL,
	"result_version" integer,
	"model" text,
	"prompt_versions" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "draft_edits_status_check" CHECK ("draft_edits"."status" in ('streaming', 'proposed', 'accepted', 'rejected', 'failed')),
	CONSTRAINT "draft_edits_span_check" CHECK ("draft_edits"."start" >= 0 and "draft_edits"."end" >= "draft_edits"."start")
);
--> statement-breakpoint
CREATE TABLE "draft_reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"draft_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"requested_by" uuid,
	"clinical" boolean DEFAULT false NOT NULL,
	"message" text,
	"requested_version" integer NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_variants" (
	"draft_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"content" text NOT NULL,
	"based_on_version" integer NOT NULL,
	"ai_generated" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_variants_draft_id_platform_pk" PRIMARY KEY("draft_id","platform"),
	CONSTRAINT "draft_variants_platform_check" CHECK ("draft_variants"."platform" in ('x', 'linkedin', 'facebook', 'instagram', 'bluesky'))
);
--> statement-breakpoint
CREATE TABLE "draft_versions" (
	"draft_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"author_id" uuid,
	"source" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_versions_draft_id_version_pk" PRIMARY KEY("draft_id","version"),
	CONSTRAINT "draft_versions_source_check" CHECK ("draft_versions"."source" in ('created', 'edited', 'ai_edit', 'restored'))
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"chat_id" uuid,
	"source_message_id" uuid,
	"title" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"approved_version" integer,
	"needs_clinical_review" boolean DEFAULT false NOT NULL,
	"ai_assisted" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drafts_status_check" CHECK ("drafts"."status" in ('draft', 'in_review', 'approved'))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "clinical_reviewer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "draft_comments" ADD CONSTRAINT "draft_comments_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_comments" ADD CONSTRAINT "draft_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_decisions" ADD CONSTRAINT "draft_decisions_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_decisions" ADD CONSTRAINT "draft_decisions_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_edits" ADD CONSTRAINT "draft_edits_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_edits" ADD CONSTRAINT "draft_edits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_reviewers" ADD CONSTRAINT "draft_reviewers_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_reviewers" ADD CONSTRAINT "draft_reviewers_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_reviewers" ADD CONSTRAINT "draft_reviewers_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_variants" ADD CONSTRAINT "draft_variants_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_variants" ADD CONSTRAINT "draft_variants_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_versions" ADD CONSTRAINT "draft_versions_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_versions" ADD CONSTRAINT "draft_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_chat_id_chats_id_fk" FOREIGN KEY ("chat_id") REFERENCES "public"."chats"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_source_message_id_messages_id_fk" FOREIGN KEY ("source_message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "draft_comments_draft_idx" ON "draft_comments" USING btree ("draft_id","created_at");--> statement-breakpoint
CREATE INDEX "draft_decisions_draft_idx" ON "draft_decisions" USING btree ("draft_id","created_at");--> statement-breakpoint
CREATE INDEX "draft_edits_draft_idx" ON "draft_edits" USING btree ("draft_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "draft_reviewers_draft_reviewer_idx" ON "draft_reviewers" USING btree ("draft_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "draft_reviewers_reviewer_idx" ON "draft_reviewers" USING btree ("reviewer_id");--> statement-breakpoint
CREATE INDEX "drafts_user_updated_idx" ON "drafts" USING btree ("user_id","updated_at");--> statement-breakpoint
CREATE INDEX "drafts_chat_idx" ON "drafts" USING btree ("chat_id");
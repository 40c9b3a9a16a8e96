CREATE TABLE `bundle_item_chunks` (
	`item_row` integer NOT NULL,
	`chunk` integer NOT NULL,
	`data` blob NOT NULL,
	PRIMARY KEY(`item_row`, `chunk`),
	FOREIGN KEY (`item_row`) REFERENCES `bundle_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `bundle_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`bundle_id` text,
	`direction` text NOT NULL,
	`item_id` text NOT NULL,
	`type` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`status` text NOT NULL,
	`module` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bundle_items_bundle_item` ON `bundle_items` (`bundle_id`,`item_id`);--> statement-breakpoint
CREATE INDEX `bundle_items_status` ON `bundle_items` (`direction`,`status`,`type`);--> statement-breakpoint
CREATE TABLE `bundles` (
	`id` text PRIMARY KEY NOT NULL,
	`direction` text NOT NULL,
	`sequence` integer NOT NULL,
	`bundle_hash` text NOT NULL,
	`previous_hash` text NOT NULL,
	`sender_id` text NOT NULL,
	`sender_name` text NOT NULL,
	`sender_fingerprint` text NOT NULL,
	`recipient_id` text NOT NULL,
	`recipient_fingerprint` text NOT NULL,
	`created_at` text NOT NULL,
	`recorded_at` text NOT NULL,
	`operator_id` text NOT NULL,
	`item_count` integer NOT NULL,
	`total_item_bytes` integer NOT NULL,
	`applied` integer NOT NULL,
	`deferred` integer NOT NULL,
	`file_name` text NOT NULL,
	`file_bytes` integer NOT NULL,
	`manifest` text NOT NULL,
	`signature` text NOT NULL,
	`index_sha256` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bundles_bundle_hash_unique` ON `bundles` (`bundle_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `bundles_sequence` ON `bundles` (`direction`,`sequence`);--> statement-breakpoint
CREATE INDEX `bundles_recorded` ON `bundles` (`direction`,`recorded_at`);--> statement-breakpoint
CREATE TABLE `node_key_rotation_approvals` (
	`rotation_id` text NOT NULL,
	`operator_id` text NOT NULL,
	`key_fingerprint` text NOT NULL,
	`signature` text NOT NULL,
	`signed_at` text NOT NULL,
	PRIMARY KEY(`rotation_id`, `operator_id`),
	FOREIGN KEY (`rotation_id`) REFERENCES `node_key_rotations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `node_key_rotations` (
	`id` text PRIMARY KEY NOT NULL,
	`bundle_id` text NOT NULL,
	`item_id` text NOT NULL,
	`node_id` text NOT NULL,
	`old_key_id` text NOT NULL,
	`new_spki` text NOT NULL,
	`new_fingerprint` text NOT NULL,
	`reason` text NOT NULL,
	`statement` text NOT NULL,
	`digest` text NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text,
	`decision_note` text,
	FOREIGN KEY (`bundle_id`) REFERENCES `bundles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`old_key_id`) REFERENCES `node_keys`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `node_key_rotations_status` ON `node_key_rotations` (`status`);--> statement-breakpoint
CREATE TABLE `node_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`node_id` text NOT NULL,
	`node_name` text NOT NULL,
	`spki` text NOT NULL,
	`fingerprint` text NOT NULL,
	`status` text NOT NULL,
	`pinned_by` text,
	`rotation_id` text,
	`activated_at` text NOT NULL,
	`ended_at` text,
	`ended_by` text,
	`end_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `node_keys_fingerprint_unique` ON `node_keys` (`fingerprint`);--> statement-breakpoint
CREATE INDEX `node_keys_status` ON `node_keys` (`status`);--> statement-breakpoint
-- Hand-written (not generated): the bundle history is append-only. A recorded bundle, an item's
-- bytes and an approval signature never change or disappear; an item's status moves forward only
-- (queued → sent for outbound, deferred → applied when its module arrives).
CREATE TRIGGER `bundles_no_update` BEFORE UPDATE ON `bundles` BEGIN SELECT RAISE(ABORT, 'recorded bundles are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `bundles_no_delete` BEFORE DELETE ON `bundles` BEGIN SELECT RAISE(ABORT, 'recorded bundles are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `bundle_items_no_delete` BEFORE DELETE ON `bundle_items` WHEN OLD.`bundle_id` IS NOT NULL BEGIN SELECT RAISE(ABORT, 'items of a recorded bundle are kept'); END;
--> statement-breakpoint
CREATE TRIGGER `bundle_items_forward_only` BEFORE UPDATE ON `bundle_items`
  WHEN OLD.`item_id` IS NOT NEW.`item_id` OR OLD.`sha256` IS NOT NEW.`sha256` OR OLD.`size` IS NOT NEW.`size` OR OLD.`type` IS NOT NEW.`type`
    OR (OLD.`bundle_id` IS NOT NULL AND OLD.`bundle_id` IS NOT NEW.`bundle_id`)
    OR NOT ((OLD.`status` = NEW.`status`) OR (OLD.`status` = 'queued' AND NEW.`status` = 'sent') OR (OLD.`status` = 'deferred' AND NEW.`status` = 'applied'))
  BEGIN SELECT RAISE(ABORT, 'bundle items only move forward (queued → sent, deferred → applied)'); END;
--> statement-breakpoint
CREATE TRIGGER `bundle_item_chunks_no_update` BEFORE UPDATE ON `bundle_item_chunks` BEGIN SELECT RAISE(ABORT, 'item bytes are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `bundle_item_chunks_no_delete` BEFORE DELETE ON `bundle_item_chunks` BEGIN SELECT RAISE(ABORT, 'item bytes are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `node_key_rotation_approvals_no_change` BEFORE UPDATE ON `node_key_rotation_approvals` BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `node_key_rotation_approvals_no_delete` BEFORE DELETE ON `node_key_rotation_approvals` BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;
--> statement-breakpoint
-- One active online-node key at a time.
CREATE UNIQUE INDEX `node_keys_one_active` ON `node_keys` (`status`) WHERE `status` = 'active';

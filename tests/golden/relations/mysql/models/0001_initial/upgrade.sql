-- migrator upgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/11] create table audit_entry
CREATE TABLE `audit_entry` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `action` VARCHAR(20) NOT NULL,
    `at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `book_id` INT NOT NULL
) CHARACTER SET utf8mb4 COMMENT='What happened to a book. Entries outlive their book, so the FK has no constraint.';

-- [2/11] create table author
CREATE TABLE `author` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='A writer.';

-- [3/11] create table country
CREATE TABLE `country` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `code` VARCHAR(2) NOT NULL UNIQUE,
    `name` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='Referenced by its ISO code, not by its surrogate key.';

-- [4/11] create table event
CREATE TABLE `event` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='A book fair; teams take part through the membership table.';

-- [5/11] create table person
CREATE TABLE `person` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='A reader; readers befriend each other (a self many-to-many).';

-- [6/11] create table team
CREATE TABLE `team` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4;

-- [7/11] create table book
CREATE TABLE `book` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `title` VARCHAR(200) NOT NULL,
    `author_id` INT NOT NULL,
    CONSTRAINT `fk_book_author_ed0cb68f` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='A published title.';

-- [8/11] create table membership
CREATE TABLE `membership` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `role` VARCHAR(20) NOT NULL DEFAULT 'member',
    `event_id` INT NOT NULL,
    `team_id` INT NOT NULL,
    UNIQUE KEY `uid_membership_event_i_4d67da` (`event_id`, `team_id`),
    CONSTRAINT `fk_membersh_event_7ed44250` FOREIGN KEY (`event_id`) REFERENCES `event` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_membersh_team_166c5292` FOREIGN KEY (`team_id`) REFERENCES `team` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='The through table of Event.teams, with a payload column of its own.';

-- [9/11] create table person_person
CREATE TABLE `person_person` (
    `person_rel_id` INT NOT NULL,
    `person_id` INT NOT NULL,
    KEY `person_id` (`person_id`),
    CONSTRAINT `person_person_ibfk_1` FOREIGN KEY (`person_rel_id`) REFERENCES `person` (`id`) ON DELETE CASCADE,
    CONSTRAINT `person_person_ibfk_2` FOREIGN KEY (`person_id`) REFERENCES `person` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_person_pers_person__14d094` (`person_rel_id`, `person_id`)
) CHARACTER SET utf8mb4;

-- [10/11] create table profile
CREATE TABLE `profile` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `bio` LONGTEXT,
    `author_id` INT NOT NULL UNIQUE,
    CONSTRAINT `fk_profile_author_235579dc` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='Public details of an author: at most one per author.';

-- [11/11] create table publisher
CREATE TABLE `publisher` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL,
    `country_id` VARCHAR(2) NOT NULL COMMENT 'ISO country code (the FK targets country.code)',
    CONSTRAINT `fk_publishe_country_9251cb04` FOREIGN KEY (`country_id`) REFERENCES `country` (`code`) ON DELETE RESTRICT
) CHARACTER SET utf8mb4;

-- The tables the SQLAlchemy/Alembic side of the database owns, as `alembic upgrade head`
-- would leave them (portable SQL: runs on SQLite, PostgreSQL and MySQL/MariaDB).
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('3f2a9c1d7b8e');
CREATE TABLE sa_audit_log (
    id INTEGER NOT NULL PRIMARY KEY,
    actor VARCHAR(50) NOT NULL,
    action VARCHAR(200) NOT NULL
);
INSERT INTO sa_audit_log (id, actor, action) VALUES (1, 'alice', 'created report 12');
INSERT INTO sa_audit_log (id, actor, action) VALUES (2, 'bob', 'exported invoices');

-- xpm-sync's database roles: each service connects with a role of its own that owns its schema and nothing else
-- (the console has none: it keeps no data). Run by a database administrator before the services start, and again
-- whenever wanted: it changes nothing the second time. The passwords are psql variables:
--   psql -v connector_password=... -v matching_password=... -v mapping_password=... -v push_password=... -f roles.sql
-- The deployment's db-roles Job runs it so; the local run applies the same file to its PostgreSQL.
DO $$
DECLARE
    part  TEXT;
    owner TEXT;
    t     TEXT;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'xpmsync_api_budget') THEN
        -- the external APIs' allowances, shared by every service that calls XPM or Karbon: nobody logs in as it
        CREATE ROLE xpmsync_api_budget NOLOGIN;
    END IF;
    FOREACH part IN ARRAY ARRAY['connector', 'matching', 'mapping', 'push', 'api_budget'] LOOP
        owner := 'xpmsync_' || part;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = owner) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', owner);
        END IF;
        EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', part, owner);
        EXECUTE format('ALTER SCHEMA %I OWNER TO %I', part, owner);
        EXECUTE format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', part);
        -- tables made before the roles existed (an older local run's data) pass to the schema's role
        FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = part AND tableowner <> owner LOOP
            EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', part, t, owner);
        END LOOP;
    END LOOP;
    FOREACH part IN ARRAY ARRAY['connector', 'matching', 'mapping', 'push'] LOOP
        owner := 'xpmsync_' || part;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), owner);
        -- every service shares the allowances: the first to start makes their tables, all of them use them
        EXECUTE format('GRANT xpmsync_api_budget TO %I', owner);
        EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA api_budget'
            || ' GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO xpmsync_api_budget', owner);
    END LOOP;
    -- mapping-service's outbox is read through a logical replication slot (Debezium), of a publication it makes
    -- for its outbox table (which needs CREATE on the database)
    ALTER ROLE xpmsync_mapping REPLICATION;
    EXECUTE format('GRANT CREATE ON DATABASE %I TO xpmsync_mapping', current_database());
    -- a publication of its outbox made before the roles existed passes to it too (it sets the publication's options)
    FOR t IN SELECT DISTINCT pubname FROM pg_publication_tables WHERE schemaname = 'mapping' LOOP
        EXECUTE format('ALTER PUBLICATION %I OWNER TO xpmsync_mapping', t);
    END LOOP;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
END
$$;

ALTER ROLE xpmsync_connector PASSWORD :'connector_password';
ALTER ROLE xpmsync_matching PASSWORD :'matching_password';
ALTER ROLE xpmsync_mapping PASSWORD :'mapping_password';
ALTER ROLE xpmsync_push PASSWORD :'push_password';

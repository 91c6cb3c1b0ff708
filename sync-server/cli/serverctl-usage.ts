export const SERVERCTL_USAGE = `Usage: serverctl <command> [options]

Commands:
  migrate                                   apply pending database migrations
  tenant create --name NAME --slug SLUG [--currency USD]
  staff add --tenant SLUG --email EMAIL --first NAME --last NAME
            --role owner|manager|front_desk|instructor --pin DIGITS
  enroll-code --tenant SLUG [--ttl MINUTES]  one-time code a desk enrols with
  setup-code [--ttl HOURS]                  one-time code a desk creates a new studio with (24 h)
  device list --tenant SLUG
  device revoke --tenant SLUG --device ID
  serve [--port 4700] [--host 127.0.0.1] [--migrate] [--quiet] [--bill-every MINUTES]
        [--extend-series-every HOURS] [--public-url URL]       bills renewals every 60 minutes with Stripe and makes
                                            class series ahead every 6 hours (0: off)
        [--workers N] [--pool N]            N processes on the one port (default: one per core on
                                            Postgres; PGlite takes 1), each with a pool of --pool
                                            connections (default 10, at most 80 over all workers);
                                            only the first runs the jobs above
  bill-renewals                             charge every due membership renewal once now
  reconcile-payouts [--tenant ID|SLUG]      copy Stripe payouts and balance lines now (the
                                            serve loop does it on --bill-every's cadence)
  run-automations --public-url URL [--tenant ID|SLUG]   send the studios' automated messages
                                            now (serve sends them every jobs.automations)
  extend-series [--weeks 12]                make every active class series that far ahead (daily)
  demo [--scale small|medium|large] [--seed TEXT]   the harbor-yoga demo studio
  export-studio --tenant ID|SLUG --out FILE.tar.gz  every table of one studio as JSON Lines
                                            and CSV, with a manifest; progress on stderr
  features list --tenant ID|SLUG            the studio's plan: appointments, automations,
                                            card_payments (on unless switched off)
  features set --tenant ID|SLUG FEATURE on|off   desks hear of it at their next sync
  config list                               platform settings (secrets masked)
  config get KEY
  config set KEY JSON                       smtp.default, push.vapid or jobs.automations,
                                            checked against the setting's shape
  studio-smtp get|clear --tenant ID|SLUG    a studio's own SMTP server (password masked);
  studio-smtp set --tenant ID|SLUG JSON     clear goes back to the platform's smtp.default

Options for every command:
  --data DIR   PGlite data folder when DATABASE_URL is not set (default ./.data/server)
  --json       machine-readable output
  -h, --help   this text

The database is DATABASE_URL (Postgres) when set, else PGlite in --data. A Unix socket is
postgres://USER@/DB?host=/var/run/postgresql. When DATABASE_URL is a pooler in transaction mode
(pgbouncer), set DATABASE_DIRECT_URL to Postgres itself: statements then go through the pooler
unprepared, and serve LISTENs on the direct URL.`;

-- The Connector Hubs' store, beside n8n's database on the same server (run once, on first start).
CREATE DATABASE hub OWNER n8n;

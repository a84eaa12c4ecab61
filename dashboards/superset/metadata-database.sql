-- Superset keeps its own metadata in a separate database of the same server (docker-compose only).
create database superset owner ehub;

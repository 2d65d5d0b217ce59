-- Jobs survive a crashed worker: a running job holds a lease that its worker renews
-- (heartbeat); once the lease lapses any worker gives the job back to the queue, or
-- fails it with a reason after max_attempts, instead of leaving it "running" forever.
ALTER TABLE jobs ADD COLUMN lease_expires_at timestamptz;
ALTER TABLE jobs ADD COLUMN max_attempts int NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 20);
CREATE INDEX jobs_lease_idx ON jobs (lease_expires_at) WHERE status = 'running';
-- Fair claiming asks, per organisation, when its last job started.
CREATE INDEX jobs_served_idx ON jobs (organization_id, started_at DESC) WHERE started_at IS NOT NULL;

# Only test_harness.py is a test here. The rest is the harness `make bench` runs against
# PostgreSQL, Redis and gunicorn; settings.py even refuses to load without the bench's
# environment, so pytest never imports these modules as tests.
collect_ignore = ["run.py", "settings.py", "server.py", "loadgen.py", "data.py", "results"]
collect_ignore_glob = ["scenarios/*"]

// integration tests: see mod lines

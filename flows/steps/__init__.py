"""Plain pipeline steps: read → decode → clean → segment → extract → validate → write. Never imports prefect."""

"""newsfuse: stories with sourced, cross-checked facts from a stream of news articles.

The pipeline reads top to bottom in the package layout:
``ingest`` → ``clean`` → ``dedup`` → ``extract`` → ``cluster`` → ``fuse`` → ``store`` → ``cli``.
"""

__version__ = "0.1.0"

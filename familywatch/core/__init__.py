"""Pure domain: values, the heartbeat tracker, summaries and the ports adapters implement.

Nothing here imports Qt, SQLAlchemy, psutil or performs OS calls; see tests/test_architecture.py.
"""

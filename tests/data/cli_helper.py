"""A module next to cli_probe.py, found through the script's directory on sys.path."""
VALUE = "helper next to the script"

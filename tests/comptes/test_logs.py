import json
import logging

from ecogestion.logs import JsonFormatter


def test_json_log_lines_carry_level_logger_message_and_extras():
    record = logging.LogRecord(
        "ecogestion.test", logging.WARNING, __file__, 1, "Bonjour %s", ("é",), None
    )
    record.status_code = 503
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["logger"] == "ecogestion.test"
    assert line["message"] == "Bonjour é"
    assert line["status_code"] == 503
    assert line["time"].endswith("+00:00")


def test_json_log_includes_the_exception():
    try:
        raise ValueError("mauvaise valeur")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "échec", (), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert "ValueError: mauvaise valeur" in line["exception"]

# Production image: gunicorn (web), Celery worker and beat share it (see docker-compose.yml).
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      fonts-dejavu-core shared-mime-info gettext nodejs npm postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock package.json package-lock.json ./
RUN pip install -r requirements.lock && npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p static/vendor && cp node_modules/axe-core/axe.min.js static/vendor/ \
    && python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0 \
    && useradd --create-home app && mkdir -p /app/var/media && chown -R app /app/var
# The named volume mounted on /app/var/media starts as a copy of this folder, owned by app:
# without it Docker would create it root-owned and uploads would fail.
USER app
EXPOSE 8000
CMD ["gunicorn", "ecogestion.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# Pango and fonts for WeasyPrint; gettext to compile the translations.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core gettext curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install --upgrade pip && pip install -e .
RUN DEBUG=true python manage.py compilemessages --ignore=.venv -v0 \
 && DEBUG=false SECRET_KEY=build-only DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput -v0

RUN useradd --system --uid 1000 stemnet && mkdir -p /data/media /data/reports \
 && chown -R stemnet /data
USER stemnet
EXPOSE 8000
CMD ["gunicorn", "stemnet.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

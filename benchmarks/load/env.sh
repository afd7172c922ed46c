# The load test's environment (sourced by run.sh): production settings on loopback.
LOAD_DB=${LOAD_DB:-espace_load}
export PYTHONPATH=$PWD/benchmarks/load:$PWD/benchmarks
export DJANGO_SETTINGS_MODULE=settings
export SECRET_KEY=${SECRET_KEY:-load-test-only-$(hostname)}
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$LOAD_DB
export REDIS_URL=${LOAD_REDIS_URL:-redis://127.0.0.1:6379/6}
export VAR_DIR=$PWD/var/load STATIC_ROOT=$PWD/var/load/static
export MEDIA_ROOT=$PWD/var/load/media PRIVATE_MEDIA_ROOT=$PWD/var/load/private
export EMAIL_URL=filemail://$PWD/var/load/mail
export LOG_LEVEL=WARNING

# gunicorn's settings for the product: .venv/bin/gunicorn -c config/gunicorn.conf.py config.wsgi
# The access log prints the path the application masked (X-Log-Path: no survey tokens, phone
# numbers or addresses), never the request line itself, which holds the token of a survey link.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %({x-log-path}o)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

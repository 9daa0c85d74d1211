"""The public processes (Python 3.12): the web side with the widget, and the Telegram side. They reach Rasa
only over HTTP (bot/sides/routing.py) and never import Rasa, Sanic or TensorFlow."""

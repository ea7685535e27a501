"""Device drivers for kiosks and halls: one small interface per device kind.

Each kind (printer, idcard, camera, face, voice) is opened from a URL, the way pyserial's
``serial_for_url`` works; hardware libraries are imported inside the factories only.
"""

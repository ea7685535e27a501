"""The program on each kiosk PC: touch UI on localhost, devices through drivers/."""

#!/bin/sh
sed "s/nginx/patched/"

import boto3
from flask import Flask, jsonify

app = Flask(__name__)
s3 = boto3.client("s3")


@app.get("/buckets")
def buckets():
    return jsonify([b["Name"] for b in s3.list_buckets()["Buckets"]])

"""Bootstraps the lakehouse catalog of Apache Polaris through its management API.

Creates the catalog, its catalog roles and their grants, the principal roles
and the principals, and stores each principal's generated credentials in a
Kubernetes Secret polaris-<principal>-credentials (keys clientId, clientSecret).
Everything that exists already is kept, so the script can run any number of
times. Only the Python standard library is used, so a plain python image runs it.
"""

import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

POLARIS_URL = os.environ["POLARIS_URL"].rstrip("/")
CATALOG = os.environ["CATALOG_NAME"]
LOCATION = os.environ["CATALOG_LOCATION"]
S3_ENDPOINT = os.environ["S3_ENDPOINT"]
# "trino:engine spark:engine portal:catalog_browser"
PRINCIPALS = [entry.split(":", 1) for entry in os.environ["PRINCIPALS"].split()]

# What each principal role may do, through the catalog role it is given.
CATALOG_ROLES = {
    # Create and drop namespaces and tables, read and write their data.
    "lakehouse_admin": ["CATALOG_MANAGE_CONTENT"],
    # See what exists and read table metadata, never the data itself.
    "lakehouse_reader": [
        "CATALOG_READ_PROPERTIES",
        "NAMESPACE_LIST",
        "NAMESPACE_READ_PROPERTIES",
        "TABLE_LIST",
        "TABLE_READ_PROPERTIES",
        "VIEW_LIST",
        "VIEW_READ_PROPERTIES",
    ],
}
PRINCIPAL_ROLES = {"engine": "lakehouse_admin", "catalog_browser": "lakehouse_reader"}

SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"


class HttpError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body}")
        self.status = status


def request(method, url, body=None, headers=None, context=None, form=False):
    headers = dict(headers or {})
    data = None
    if body is not None:
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, context=context, timeout=30) as response:
            text = response.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        raise HttpError(error.code, error.read().decode()) from None


def polaris_token():
    """Root's access token; retried while Polaris is starting."""
    for attempt in range(60):
        try:
            answer = request(
                "POST",
                f"{POLARIS_URL}/api/catalog/v1/oauth/tokens",
                {
                    "grant_type": "client_credentials",
                    "client_id": os.environ["POLARIS_ROOT_CLIENT_ID"],
                    "client_secret": os.environ["POLARIS_ROOT_CLIENT_SECRET"],
                    "scope": "PRINCIPAL_ROLE:ALL",
                },
                form=True,
            )
            return answer["access_token"]
        except (urllib.error.URLError, HttpError) as error:
            print(f"waiting for Polaris at {POLARIS_URL} ({error})", flush=True)
            time.sleep(10)
    sys.exit("Polaris did not answer within 10 minutes")


TOKEN = polaris_token()


def management(method, path, body=None):
    return request(
        method,
        f"{POLARIS_URL}/api/management/v1{path}",
        body,
        {"Authorization": f"Bearer {TOKEN}"},
    )


def create(path, body, what):
    """POSTs a new entity; one that exists already (409) is kept."""
    try:
        management("POST", path, body)
        print(f"created {what}", flush=True)
    except HttpError as error:
        if error.status != 409:
            raise
        print(f"kept {what}", flush=True)


def kubernetes(method, path, body=None):
    with open(f"{SERVICE_ACCOUNT}/token") as file:
        token = file.read()
    context = ssl.create_default_context(cafile=f"{SERVICE_ACCOUNT}/ca.crt")
    return request(
        method,
        f"https://kubernetes.default.svc{path}",
        body,
        {"Authorization": f"Bearer {token}"},
        context,
    )


def credentials_secret_exists(namespace, name):
    try:
        kubernetes("GET", f"/api/v1/namespaces/{namespace}/secrets/{name}")
        return True
    except HttpError as error:
        if error.status == 404:
            return False
        raise


def ensure_principal(name, namespace):
    secret = f"polaris-{name}-credentials"
    if credentials_secret_exists(namespace, secret):
        print(f"kept principal {name} (its credentials are in Secret {secret})", flush=True)
        return
    try:
        answer = management(
            "POST",
            "/principals",
            {"principal": {"name": name}, "credentialRotationRequired": False},
        )
        print(f"created principal {name}", flush=True)
    except HttpError as error:
        if error.status != 409:
            raise
        # The principal exists but its Secret was lost: issue new credentials.
        answer = management("POST", f"/principals/{name}/reset", {})
        print(f"reset the credentials of principal {name}", flush=True)
    credentials = answer["credentials"]
    kubernetes(
        "POST",
        f"/api/v1/namespaces/{namespace}/secrets",
        {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": secret,
                "labels": {"app.kubernetes.io/managed-by": "polaris-bootstrap-catalog"},
            },
            "type": "Opaque",
            "stringData": {
                "clientId": credentials["clientId"],
                "clientSecret": credentials["clientSecret"],
            },
        },
    )
    print(f"stored the credentials of {name} in Secret {secret}", flush=True)


def main():
    with open(f"{SERVICE_ACCOUNT}/namespace") as file:
        namespace = file.read().strip()

    create(
        "/catalogs",
        {
            "catalog": {
                "type": "INTERNAL",
                "name": CATALOG,
                "properties": {"default-base-location": LOCATION},
                "storageConfigInfo": {
                    "storageType": "S3",
                    "allowedLocations": [LOCATION.rstrip("/") + "/"],
                    "region": "us-east-1",
                    "endpoint": S3_ENDPOINT,
                    "pathStyleAccess": True,
                    # MinIO here runs without STS: engines use their own
                    # storage credentials instead of vended ones.
                    "stsUnavailable": True,
                },
            }
        },
        f"catalog {CATALOG}",
    )

    for role, privileges in CATALOG_ROLES.items():
        create(
            f"/catalogs/{CATALOG}/catalog-roles",
            {"catalogRole": {"name": role}},
            f"catalog role {role}",
        )
        for privilege in privileges:
            management(
                "PUT",
                f"/catalogs/{CATALOG}/catalog-roles/{role}/grants",
                {"grant": {"type": "catalog", "privilege": privilege}},
            )
        print(f"granted {', '.join(privileges)} to {role}", flush=True)

    for principal_role, catalog_role in PRINCIPAL_ROLES.items():
        create(
            "/principal-roles",
            {"principalRole": {"name": principal_role}},
            f"principal role {principal_role}",
        )
        management(
            "PUT",
            f"/principal-roles/{principal_role}/catalog-roles/{CATALOG}",
            {"catalogRole": {"name": catalog_role}},
        )
        print(f"gave {catalog_role} to {principal_role}", flush=True)

    for principal, principal_role in PRINCIPALS:
        ensure_principal(principal, namespace)
        management(
            "PUT",
            f"/principals/{principal}/principal-roles",
            {"principalRole": {"name": principal_role}},
        )
        print(f"gave {principal_role} to {principal}", flush=True)


if __name__ == "__main__":
    main()

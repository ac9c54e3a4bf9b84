"""The test and CI search node (scripts/elasticsearch.sh) is OpenSearch 2.19, because no
Elasticsearch 8 with its analysis-common module (the finnish, swedish and english analysers) can be
assembled from Maven Central: `org.codelibs:elasticsearch-cluster-runner` stops at 7.10.2 and
Elastic publishes the 8.x server and a few modules there but not analysis-common.

OpenSearch answers the Elasticsearch REST API the project uses, but the `elasticsearch` 8 Python
client refuses it twice: it sends `Content-Type: application/vnd.elasticsearch+json;
compatible-with=8`, which OpenSearch answers with 406, and it refuses any server whose responses
lack `X-Elastic-Product: Elasticsearch` (UnsupportedProductError).

Workaround: a client node class that sends plain `application/json` (which Elasticsearch 8 accepts
too) and marks responses with the product header. Pass it as the client's `node_class`:

    Elasticsearch(url, **client_options())          # elasticsearch-py / elasticsearch-dsl
    WAGTAILSEARCH_BACKENDS[...]["OPTIONS"] = client_options()

or set ELASTICSEARCH_OPENSEARCH_COMPAT=true with ELASTICSEARCH_URL (settings do the above). Only
for the test node: against a real Elasticsearch 8 leave it off. Remove when a node started from
Maven Central is an Elasticsearch 8, or when the client accepts OpenSearch
(tests/test_upstream_workarounds.py notices the latter).
"""

from elastic_transport import HttpHeaders, Urllib3HttpNode

PLAIN_JSON = "application/json"
PRODUCT_HEADER = "X-Elastic-Product"


class OpenSearchCompatibleNode(Urllib3HttpNode):
    """An HTTP node for the Elasticsearch 8 client that can talk to an OpenSearch 2 server."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        plain = HttpHeaders(headers or {})
        for name in ("accept", "content-type"):
            if "compatible-with" in plain.get(name, ""):
                plain[name] = PLAIN_JSON
        response = super().perform_request(method, target, body=body, headers=plain, **kwargs)
        if PRODUCT_HEADER not in response.meta.headers:
            response.meta.headers[PRODUCT_HEADER] = "Elasticsearch"
        return response


def client_options():
    """Keyword arguments for `Elasticsearch(...)` (and Wagtail's backend OPTIONS) that select the
    compatible node class."""
    return {"node_class": OpenSearchCompatibleNode}

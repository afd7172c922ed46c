PAGES_URL = "/api/v2/pages/"
DOCUMENTS_URL = "/api/v2/documents/"
IMAGES_URL = "/api/v2/images/"
OFFER_TYPE = "catalogue.OfferPage"
OFFER_FIELDS = "reference,start_date,end_date,status,access_mode,family,summary,holders,documents"


def listed_ids(response):
    return {item["id"] for item in response.json()["items"]}

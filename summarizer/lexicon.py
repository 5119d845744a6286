"""Small closed word lists shared by the stages (titles, honorifics, speech verbs, country aliases).

They are general English news vocabulary, not tuned to any data set.
"""

from __future__ import annotations

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "gen", "general",
    "sen", "senator", "rep", "gov", "governor", "lt", "col", "colonel", "capt", "captain", "sgt", "adm",
    "rev", "father", "sister", "judge", "justice", "president", "pres", "king", "queen", "prince", "princess",
    "pope", "sheikh", "rabbi", "imam", "chancellor", "minister", "premier", "mayor", "commissioner",
}
# Honorifics that are titles of address rather than roles: "Mr Smith" gives no role.
ADDRESS_ONLY = {"mr", "mrs", "ms", "miss", "mx", "sir", "dame", "dr"}

# Head nouns of a person's or organisation's role ("Kremlin spokesperson", "oil firm", "chief executive").
PERSON_TITLES = {
    "president", "vice", "minister", "secretary", "chancellor", "governor", "senator", "representative",
    "congressman", "congresswoman", "mayor", "chief", "executive", "officer", "ceo", "cfo", "coo", "cto",
    "chairman", "chairwoman", "chair", "chairperson", "co-chairman", "director", "head", "spokesman",
    "spokeswoman", "spokesperson", "analyst", "economist", "envoy", "ambassador", "advisor", "adviser",
    "leader", "founder", "co-founder", "owner", "manager", "boss", "general", "commander", "judge", "justice",
    "lawyer", "attorney", "prosecutor", "professor", "researcher", "scientist", "strategist", "editor",
    "correspondent", "reporter", "king", "queen", "prince", "princess", "pope", "premier", "speaker",
    "deputy", "inspector", "commissioner", "official", "trustee", "partner", "candidate", "nominee", "mp",
    "mep", "coach", "captain", "player", "striker", "actor", "actress", "singer", "author", "writer",
    "campaigner", "activist", "farmer", "worker", "investor", "banker", "consultant", "tycoon", "billionaire",
    "entrepreneur", "designer", "architect", "doctor", "surgeon", "teacher", "principal", "student",
    "treasurer", "auditor", "broker", "trader", "dealer", "president-elect", "chairman-elect", "whip",
    "rapporteur", "sheriff", "detective", "constable", "superintendent", "colonel", "lieutenant", "sergeant",
    "admiral", "marshal", "negotiator", "mediator", "monitor", "observer", "expert", "specialist", "fellow",
    "lecturer", "historian", "physicist", "politician", "lawmaker", "legislator", "councillor",
    "councilor", "delegate", "emissary", "diplomat", "aide", "assistant", "staffer", "employee", "member",
    "veteran", "patriarch", "heir", "magnate", "mogul", "cofounder", "secretary-general",
    "director-general", "governor-general", "attorney-general", "rabbi", "imam", "bishop", "archbishop",
    "cardinal", "priest", "pastor", "cleric", "ruler", "dictator", "monarch", "emperor", "sultan", "emir",
    "sheikh", "prime", "defender", "midfielder", "goalkeeper", "champion", "athlete", "host",
    "presenter", "producer", "composer", "musician", "artist", "photographer", "novelist", "poet",
    "administrator", "supervisor", "controller", "planner", "engineer", "programmer", "developer", "agent", "pilot", "nurse", "paramedic", "physician", "psychiatrist",  # noqa: E501
    "psychologist", "commentator", "pundit", "pollster", "forecaster", "chemist", "biologist", "epidemiologist",
    "virologist", "statistician", "accountant", "solicitor", "barrister", "qc", "kc", "counsel", "clerk",
    "associate", "ally", "winner", "successor", "predecessor",
}
ORG_TITLES = {
    "giant", "firm", "company", "group", "maker", "manufacturer", "carmaker", "bank", "regulator", "watchdog",
    "operator", "retailer", "carrier", "airline", "charity", "consultancy", "club", "agency", "monopoly",
    "producer", "supplier", "provider", "insurer", "lender", "broadcaster", "network", "publisher",
    "developer", "exchange", "fund", "court", "ministry", "department", "union", "party", "think-tank",
    "tank", "organisation", "organization", "body", "authority", "conglomerate", "chain", "brand", "startup",
    "start-up", "business", "corporation", "subsidiary", "unit", "division", "rival", "competitor", "owner",
    "shareholder", "investor", "foundation", "institute", "university", "school", "hospital", "newspaper",
    "daily", "magazine", "website", "platform", "app", "service", "team", "side", "association",
    "federation", "council", "commission", "committee", "board", "parliament", "government", "administration",
    "alliance", "coalition", "movement", "militia", "army", "force", "forces", "police", "outfit", "label",
    "studio", "broker", "brokerage", "partner", "supermarket", "grocer", "telecoms", "telecom", "utility",
    "miner", "refiner", "explorer", "drugmaker", "pharmaceutical", "chipmaker", "automaker", "accountancy", "exporter", "importer", "leader", "champion", "consortium",  # noqa: E501
    "winner", "bidder", "buyer", "seller", "parent", "successor",
}
SPEECH_VERBS = {
    "say", "said", "says", "saying", "tell", "told", "tells", "add", "added", "adds", "state", "stated",
    "states", "note", "noted", "notes", "insist", "insisted", "insists", "warn", "warned", "warns", "claim",
    "claimed", "claims", "argue", "argued", "argues", "explain", "explained", "announce", "announced",
    "announces", "declare", "declared", "confirm", "confirmed", "confirms", "suggest", "suggested",
    "write", "wrote", "writes", "reply", "replied", "ask", "asked", "acknowledge", "acknowledged",
    "admit", "admitted", "believe", "believes", "believed", "predict", "predicted", "predicts",
    "describe", "described", "comment", "commented", "reveal", "revealed", "disclose", "disclosed", "urge",
    "urged", "tweet", "tweeted", "post", "posted", "remark", "remarked", "stress", "stressed", "vow", "vowed",
    "promise", "promised", "pledge", "pledged", "deny", "denied", "conclude", "concluded", "continue",
    "continued", "think", "thinks", "thought", "expect", "expects", "expected", "hope", "hopes", "hoped",
    "accuse", "accused", "call", "called", "report", "reported", "recall", "recalled", "quip", "quipped",
}
SPEECH_LEMMAS = {w for w in SPEECH_VERBS}

# Country aliases: the many forms news uses for the same state.
GPE_ALIASES = {
    "us": "United States", "u.s.": "United States", "usa": "United States", "u.s.a.": "United States",
    "america": "United States", "united states": "United States", "the united states": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom", "u.k.": "United Kingdom", "britain": "United Kingdom",
    "great britain": "United Kingdom", "united kingdom": "United Kingdom",
    "uae": "United Arab Emirates", "prc": "China", "drc": "Democratic Republic of Congo",
    "eu": "European Union", "european union": "European Union", "un": "United Nations",
    "united nations": "United Nations",
}
# Generic words that cannot identify an organisation on their own ("Bank" does not mean "Bank of China").
GENERIC_ORG_WORDS = {
    "bank", "group", "company", "corporation", "corp", "inc", "ltd", "plc", "co", "the", "of", "and", "for",
    "national", "international", "department", "ministry", "office", "council", "committee", "commission",
    "association", "union", "university", "institute", "foundation", "fund", "party", "court", "house",
    "new", "general", "american", "british", "federal", "state", "royal", "central", "first", "united",
    "holdings", "services", "systems", "partners", "capital", "investments", "media", "news", "times",
    "post", "global", "world", "european", "us", "uk", "city", "board", "agency", "authority", "trust",
    "airlines", "air", "energy", "oil", "gas", "motors", "financial", "securities", "insurance",
}
# ORG spans spaCy finds inside titles ("Secretary of State", "National Security Advisor"): not organisations.
TITLE_ORG_WORDS = {
    "state", "defense", "defence", "justice", "interior", "treasury", "homeland security",
    "national security", "health", "education", "energy", "commerce", "labor", "labour", "transportation",
    "agriculture", "foreign affairs", "home", "finance", "trade", "culture", "environment", "security",
}

"""The GraphQL documents behind the explorer's pages: one document per page.

They use only the public contract (schema.graphql), so each is also a worked example of the API:
the page footer links each page's document to GraphiQL. Where the evidence fields land (stint
bounds with reasons, affiliations, observed stints, signals, publishers), they are added here
and shown by the templates; docs/explorer.md lists where each goes.
"""

from __future__ import annotations

from service.explorer import changed

CUTOFF_VARIABLES = "$asOf: DateTime, $knownAt: DateTime, $minStatus: ClaimStatus, $minSources: Int"
CUTOFFS = "asOf: $asOf, knownAt: $knownAt, minStatus: $minStatus, minSources: $minSources"

STINT = """
fragment StintParts on Stint {
  organization { id name parent { id name } }
  role status
  start { value edtf precision qualifiers earliest latest }
  end { value edtf precision qualifiers earliest latest }
  claims { id kind effective { value } }
  sources { id publisher publishedAt }
  observed anomalies
  startBounds { ...BoundParts }
  endBounds { ...BoundParts }
}

fragment BoundParts on DateBounds {
  earliest latest
  reasons { kind date claim { id } source { id publisher } }
}
"""

PERSON = f"""
query PersonPage($id: ID!, $at: Date, {CUTOFF_VARIABLES}, $changes: Int, $changesAfter: String) {{
  changes: beliefChanges(personId: $id, first: $changes, after: $changesAfter) {{ ...BeliefParts }}
  person(id: $id) {{
    id name aliases {{ name language }}
    employer(at: $at, {CUTOFFS}) {{ ...StintParts certainty }}
    employments(at: $at, {CUTOFFS}) {{ ...StintParts certainty }}
    timeline({CUTOFFS}) {{ ...StintParts }}
    claims {{
      id kind role status independentSources corroboratingSources contested
      effective {{ value edtf precision qualifiers earliest latest }}
      fromOrganization {{ id name }} toOrganization {{ id name }}
      reports {{ status note publishedAt recordedAt source {{ id publisher title publishedAt }} }}
    }}
    history(asOf: $asOf) {{
      position type recordedAt recordedBy subjectId source {{ id publisher publishedAt }}
    }}
  }}
}}
{STINT}
{changed.FRAGMENT}
"""

ORGANIZATION = f"""
query OrganizationPage(
  $id: ID!, $at: Date, {CUTOFF_VARIABLES}, $certainty: Certainty, $includeUnits: Boolean,
  $first: Int, $after: String, $from: Date!, $to: Date!, $compare: Boolean!, $changes: Int, $changesAfter: String
) {{
  changes: beliefChanges(organizationId: $id, first: $changes, after: $changesAfter) {{ ...BeliefParts }}
  organization(id: $id) {{
    id name aliases {{ name language }}
    parent {{ id name parent {{ id name }} }}
    units {{ id name }}
    roster(at: $at, {CUTOFFS}, certainty: $certainty, includeUnits: $includeUnits,
           first: $first, after: $after) {{
      edges {{ cursor node {{
        certainty
        person {{ id name }}
        stint {{ organization {{ id name }} role status start {{ value }} end {{ value }} sources {{ id publisher }} }}
      }} }}
      pageInfo {{ hasNextPage endCursor }}
      totalCount
    }}
    now: headcount(from: $from, to: $to, asOf: $asOf, minStatus: $minStatus, minSources: $minSources,
                   includeUnits: $includeUnits) {{ date certain possible }}
    then: headcount(from: $from, to: $to, {CUTOFFS}, includeUnits: $includeUnits)
      @include(if: $compare) {{ date certain possible }}
    signals(asOf: $asOf, knownAt: $knownAt, minStatus: $minStatus, includeUnits: $includeUnits) {{
      id modality whole countMin countMax status independentSources effective {{ value }}
      organization {{ id name }} to {{ id name }}
      reports {{ status publishedAt source {{ id publisher }} }}
    }}
  }}
}}
{changed.FRAGMENT}
"""

FLOWS = f"""
query FlowsPage($from: Date!, $to: Date!, {CUTOFF_VARIABLES}) {{
  flows(from: $from, to: $to, {CUTOFFS}) {{
    from {{ id name }} to {{ id name }} count people {{ id name }}
  }}
}}
"""

SOURCE = """
query SourcePage($id: ID!) {
  source(id: $id) {
    id publisher url title language publishedAt
    cites { id publisher title publishedAt cites { id publisher title publishedAt cites { id publisher } } }
    claims {
      id kind role status independentSources corroboratingSources contested
      effective { value }
      person { id name }
      fromOrganization { id name } toOrganization { id name }
      reports { status note publishedAt recordedAt source { id publisher } }
    }
  }
}
"""

CLAIM = """
query ClaimPage($id: ID!) {
  claim(id: $id) {
    id kind role status independentSources corroboratingSources contested
    effective { value edtf precision qualifiers earliest latest }
    person { id name }
    fromOrganization { id name parent { id name } }
    toOrganization { id name parent { id name } }
    reports { status note publishedAt recordedAt source { id publisher title publishedAt cites { id publisher } } }
  }
}
"""

CHANGES = """
query ChangesPage($after: String, $first: Int, $beliefs: Int) {
  events(after: $after, first: $first) {
    edges { node { position type recordedAt recordedBy subjectId data source { id publisher } } }
    pageInfo { hasNextPage endCursor }
  }
  beliefChanges(after: $after, first: $beliefs) {
    edges { node { position kind lateByDays cause { position } person { id name }
      before { organization { id name } start { value } end { value } status }
      after { organization { id name } start { value } end { value } status } } }
  }
}
"""

SEARCH = """
query SearchPage($search: String, $first: Int) {
  people(search: $search, first: $first) {
    edges { node { id name aliases { name language } } }
    pageInfo { hasNextPage }
  }
  organizations(search: $search, first: $first) {
    edges { node { id name aliases { name language } parent { id name } } }
    pageInfo { hasNextPage }
  }
}
"""

PUBLISHER = """
query PublisherPage($name: String!, $knownAt: DateTime, $asOf: DateTime, $outcome: CallOutcome, $first: Int,
                    $after: String, $sources: Int) {
  publisher(name: $name) {
    name
    trackRecord(knownAt: $knownAt, asOf: $asOf) {
      calls confirmed denied retracted pending hitRate hitRateLow hitRateHigh medianLeadDays
    }
    calls(knownAt: $knownAt, asOf: $asOf, outcome: $outcome, first: $first, after: $after) {
      totalCount
      edges { node {
        publishedAt outcome leadDays
        source { id publisher title }
        claim { id kind effective { value } person { id name } fromOrganization { id name } toOrganization { id name } }
      } }
      pageInfo { hasNextPage endCursor }
    }
    sources(first: $sources) { totalCount edges { node { id title publishedAt } } }
  }
}
"""

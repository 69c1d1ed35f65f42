/* Every read the explorer makes: GraphQL documents and the one function that posts them. */

export class GraphQLError extends Error {}

/** What a drawn node needs: its label, area, document and the table's columns. */
const FIELDS = `
  __typename id displayName
  ... on Item { ref number name areaKey jurisdiction lead provenance { document lineStart lineEnd } }
  ... on Indicator { name areaKey provenance { document lineStart lineEnd } }
  ... on Milestone { label endMonth provenance { document lineStart lineEnd } }
  ... on Policy { title jurisdiction }
  ... on Department { jurisdiction }
  ... on Place { jurisdiction }
  ... on Document { key jurisdiction }
  ... on Area { key }
`;

const PROVENANCE = 'provenance { document section row cell lineStart lineEnd sourceText }';

/** What the side panel shows of one node. */
const DETAILS = `
  __typename id key displayName
  ... on Department { name fullName kind jurisdiction aliases }
  ... on Item { ref number numberText sectionPath kindText name text itemKind: kind lead units year jurisdiction
    areaKey ${PROVENANCE} }
  ... on Policy { title titles level kind issuer docNumber jurisdiction }
  ... on Indicator { name text comparator value unit qualifier parsed areaKey ownerKey ${PROVENANCE} }
  ... on Milestone { label startMonth endMonth text order ${PROVENANCE} }
  ... on Place { name kind jurisdiction }
  ... on Area { name kind order }
  ... on Document { title jurisdiction year indexNo docNumber layout publisher publishDate issuer issueDate
    sourceName }
  ... on Jurisdiction { name fullName shortName level parent province code }
`;

/** What a JSON export carries of each node: its text and units. */
const EXPORTED = `
  __typename id displayName
  ... on Item { ref name text lead units jurisdiction ${PROVENANCE} }
  ... on Indicator { name text value unit ${PROVENANCE} }
  ... on Milestone { label text ${PROVENANCE} }
  ... on Policy { title level issuer }
  ... on Department { name fullName jurisdiction }
  ... on Place { name jurisdiction }
  ... on Document { title jurisdiction year }
  ... on Area { name }
  ... on Jurisdiction { name }
`;

const EDGE = `id type start end properties ${PROVENANCE}`;

export const Q = {
  suggest: `query Suggest($text: String!, $first: Int!) {
    search(text: $text, first: $first) { nodes { score text node { ${FIELDS} } } }
  }`,
  neighbourhood: `query Neighbourhood($id: ID!, $limit: Int!) {
    neighbourhood(id: $id, depth: 1, limit: $limit) { truncated reach nodes { ${FIELDS} } edges { ${EDGE} } }
  }`,
  one: `query One($id: ID!) { node(id: $id) { ${FIELDS} } }`,
  node: `query Node($id: ID!) {
    node(id: $id) { ${DETAILS} }
    neighbourhood(id: $id, depth: 1, limit: 1) { reach }
  }`,
  among: `query Among($ids: [ID!]!) { relationshipsAmong(ids: $ids) { ${EDGE} } }`,
  paths: `query Paths($from: ID!, $to: ID!, $types: [RelationshipType!]) {
    paths(from: $from, to: $to, maxLength: 4, relationshipTypes: $types, first: 10) {
      nodes { ${FIELDS} } edges { ${EDGE} }
    }
  }`,
  exported: `query Exported($ids: [ID!]!) { nodes(ids: $ids) { ${EXPORTED} } }`,
  start: `query Start {
    nodeTypes { label zh en description groups }
    relationshipTypes { type zh en description start end }
    documents(first: 100) { nodes { key title sourceName jurisdiction year } }
    areas(first: 100) { nodes { key name } }
  }`,
  rankings: `query Rankings($month: Int!) {
    policies(orderBy: [{by: CITATION_COUNT, direction: DESC}], first: 10) { nodes { id title citationCount itemCount } }
    departments(orderBy: [{by: ITEM_COUNT, direction: DESC}], first: 10) { nodes { id name jurisdiction leadCount supportCount } }
    schedule(month: $month, dueOnly: true, role: null, first: 100) {
      totalCount nodes { id label item { id ref name __typename } }
    }
  }`,
};

export async function gql(query, variables) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw new GraphQLError('无法连接服务器 (the API did not answer): ' + err.message);
  }
  let payload;
  try {
    payload = await response.json();
  } catch (err) {
    throw new GraphQLError(`服务器返回 ${response.status} (not JSON)`);
  }
  if (payload.errors && payload.errors.length) {
    throw new GraphQLError(payload.errors.map((e) => e.message).join('; '));
  }
  if (!response.ok) throw new GraphQLError(payload.error || `HTTP ${response.status}`);
  return payload.data;
}

// The Neo4j GraphQL Library (@neo4j/graphql) over policykg's graph, for benchmarks/api.py.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 PORT=4000 node server.mjs
//
// The type definitions describe the labels and relationships that graph/writer.py writes.
// The library generates the department question from them; the full-text search, the
// neighbourhood and the named query have no generated equivalent and are @cypher fields.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";
import neo4j from "neo4j-driver";

const here = fileURLToPath(new URL(".", import.meta.url));
const uri = process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687";
const port = Number(process.env.PORT ?? 4000);
const auth = process.env.NEO4J_PASSWORD
  ? neo4j.auth.basic(process.env.NEO4J_USER ?? "neo4j", process.env.NEO4J_PASSWORD)
  : undefined;

// The named query, as checked in, wrapped so that its columns come back as one map per row.
const workload = readFileSync(`${here}/../../queries/department_workload.cypher`, "utf8")
  .split("\n").filter((line) => !line.trimStart().startsWith("//")).join("\n");
const workloadStatement = `CALL () {\n${workload}\n}\nRETURN {department: department, jurisdiction: jurisdiction, `
  + `leads: leads, supports: supports, lead_tasks: lead_tasks, lead_reforms: lead_reforms, `
  + `lead_measures: lead_measures} AS row`;

const itemFields = `
  key: String!
  kind: String
  number: Int
  name: String
  document: String
  line_start: Int
`;
const itemRelationships = `
  responsible: [Department!]! @relationship(type: "RESPONSIBLE_FOR", direction: IN, properties: "Responsibility")
  cites: [Policy!]! @relationship(type: "CITES", direction: OUT, properties: "Citation")
  targets: [Indicator!]! @relationship(type: "TARGETS", direction: OUT)
  milestones: [Milestone!]! @relationship(type: "HAS_MILESTONE", direction: OUT)
  mentions: [Place!]! @relationship(type: "MENTIONS", direction: OUT)
  areas: [Area!]! @relationship(type: "IN_AREA", direction: OUT)
  # Depth 2 around the item over the relationships of its work (not CONTAINS or IN_AREA).
  neighbourhood: [AnyNode!]!
    @cypher(
      statement: """
      MATCH (this)-[:RESPONSIBLE_FOR|CITES|TARGETS|HAS_MILESTONE|MENTIONS*1..2]-(n)
      WHERE n <> this
      WITH DISTINCT n
      RETURN n
      """
      columnName: "n"
    )
`;

const typeDefs = /* GraphQL */ `
  interface Item {
    ${itemFields}
  }
  type Task implements Item @node(labels: ["Task", "Item"]) {
    ${itemFields}
    ${itemRelationships}
  }
  type Reform implements Item @node(labels: ["Reform", "Item"]) {
    ${itemFields}
    ${itemRelationships}
  }
  type Measure implements Item @node(labels: ["Measure", "Item"]) {
    ${itemFields}
    ${itemRelationships}
  }
  type Responsibility @relationshipProperties {
    role: String!
    order: Int
  }
  type Citation @relationshipProperties {
    cell: String
  }
  type Department @node {
    key: String!
    name: String!
    full_name: String
    kind: String
    jurisdiction: String
    aliases: [String!]
    responsibleFor: [Item!]! @relationship(type: "RESPONSIBLE_FOR", direction: OUT, properties: "Responsibility")
  }
  type Policy @node {
    key: String!
    title: String
    level: String
  }
  type Indicator @node {
    key: String!
    name: String
    text: String
  }
  type Milestone @node {
    key: String!
    label: String
    text: String
  }
  type Place @node {
    key: String!
    name: String
  }
  type Area @node {
    key: String!
    name: String
    kind: String
  }
  type Document @node {
    id: String!
    title: String
    jurisdiction: String
  }
  type Jurisdiction @node {
    name: String!
  }
  union AnyNode = Task | Reform | Measure | Department | Policy | Indicator | Milestone | Place | Area | Document | Jurisdiction

  type WorkloadRow {
    department: String
    jurisdiction: String
    leads: Int
    supports: Int
    lead_tasks: Int
    lead_reforms: Int
    lead_measures: Int
  }

  type Query {
    "Full-text hits on the existing index 'search', best first (ties by key), as policykg orders them."
    fullTextSearch(text: String!, limit: Int!): [AnyNode!]!
      @cypher(
        statement: """
        CALL db.index.fulltext.queryNodes('search', $text) YIELD node, score
        WITH node, score ORDER BY score DESC, coalesce(node.key, node.id, node.name) LIMIT $limit
        RETURN node
        """
        columnName: "node"
      )
    "queries/department_workload.cypher"
    departmentWorkload(jurisdiction: String, limit: Int!): [WorkloadRow!]!
      @cypher(statement: """${workloadStatement.replace(/"""/g, "")}""", columnName: "row")
  }
`;

const driver = neo4j.driver(uri, auth, { disableLosslessIntegers: true });
const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
const yoga = createYoga({ schema, graphqlEndpoint: "/graphql", graphiql: false, logging: false, maskedErrors: false });
createServer(yoga).listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));

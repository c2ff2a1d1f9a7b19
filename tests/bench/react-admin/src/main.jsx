// The react-admin side of scripts/bench: react-admin 5's own List and
// Datagrid over the sandbox's ReviewRover (the same server and demo data
// the console lists), 25 rows a page, newest first, as the console's
// first screen shows them.
import { createRoot } from "react-dom/client";
import {
  Admin,
  Resource,
  List,
  Datagrid,
  TextField,
  NumberField,
  DateField,
} from "react-admin";

const base = "/reviewrover/api/v1";

const dataProvider = {
  async getList(resource, { pagination: { page, perPage } }) {
    const r = await fetch(`${base}/payments?page=${page}&limit=${perPage}`, {
      headers: { Authorization: "Bearer rr_demo_token" },
    });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    const body = await r.json();
    return { data: body.payments, total: body.pagination.total };
  },
  async getOne(resource, { id }) {
    const r = await fetch(`${base}/payments/${encodeURIComponent(id)}`, {
      headers: { Authorization: "Bearer rr_demo_token" },
    });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return { data: await r.json() };
  },
};
for (const m of ["getMany", "getManyReference", "create", "update", "updateMany", "delete", "deleteMany"]) {
  dataProvider[m] = () => Promise.reject(new Error(`${m} is not part of the benchmark`));
}

const PaymentList = () => (
  <List perPage={25} exporter={false}>
    <Datagrid bulkActionButtons={false}>
      <TextField source="id" />
      <NumberField source="amount" options={{ style: "currency", currency: "USD" }} />
      <TextField source="status" />
      <TextField source="contact_id" label="Contact" />
      <DateField source="event_date" label="Event date" />
      <TextField source="external_id" label="External ID" />
    </Datagrid>
  </List>
);

createRoot(document.getElementById("root")).render(
  <Admin dataProvider={dataProvider} title="Payments (react-admin)">
    <Resource name="payments" list={PaymentList} />
  </Admin>,
);

// Quick-fix fixture for llm-output-sql-injection: SQL built from model output becomes a parameterised query.
import { Pool } from 'pg';
import mysql from 'mysql2/promise';
import OpenAI from 'openai';

const client = new OpenAI();
const pool = new Pool();

async function extract(question: string, field: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `From this question, extract only the ${field}: ${question}` }],
  });
  return (completion.choices[0].message.content ?? '').trim();
}

export async function ordersForCustomer(question: string) {
  const customer = await extract(question, 'customer name');
  const since = await extract(question, 'start date');
  // ruleid: llm-output-sql-injection
  const { rows } = await pool.query('SELECT id, total FROM orders WHERE customer = $1 AND created_at >= $2', [customer, since]);
  return rows;
}

export async function stock(question: string) {
  const sku = await extract(question, 'product SKU');
  const conn = await mysql.createConnection({ host: 'localhost', database: 'shop' });
  // ruleid: llm-output-sql-injection
  const [rows] = await conn.query("SELECT sku, quantity FROM stock WHERE sku = ?", [sku]);
  return rows;
}

export async function filtered(question: string) {
  const where = await extract(question, 'SQL WHERE clause');
  // A whole clause cannot be a parameter: no quick fix, the finding stays.
  // ruleid: llm-output-sql-injection
  const { rows } = await pool.query(`SELECT id FROM orders WHERE ${where}`);
  return rows;
}

export async function parameterised(question: string) {
  const customer = await extract(question, 'customer name');
  // ok: llm-output-sql-injection
  const { rows } = await pool.query('SELECT id FROM orders WHERE customer = $1', [customer]);
  return rows;
}

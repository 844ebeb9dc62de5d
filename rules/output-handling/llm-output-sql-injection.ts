// Fixtures for llm-output-sql-injection: SQL text built from model output (TypeScript, Node drivers).
import { Pool } from 'pg';
import mysql from 'mysql2/promise';
import sqlite3 from 'sqlite3';
import Database from 'better-sqlite3';
import knexFactory from 'knex';
import { Sequelize, QueryTypes } from 'sequelize';
import { PrismaClient } from '@prisma/client';
import { generateObject, generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import OpenAI from 'openai';
import { z } from 'zod';

const client = new OpenAI();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const legacyDb = new sqlite3.Database('shop.db');
const db = new Database('shop.db', { readonly: true });
const knex = knexFactory({ client: 'pg', connection: process.env.DATABASE_URL });
const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'sqlite::memory:');
const prisma = new PrismaClient();

const SCHEMA = 'CREATE TABLE orders (id INTEGER, customer TEXT, total REAL, created_at TEXT);';

async function textToSql(question: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o'),
    system: `Write one SQL query for this schema:\n${SCHEMA}`,
    prompt: question,
  });
  return text.trim();
}

export async function answerWithPg(question: string) {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: `Write one PostgreSQL query for:\n${SCHEMA}` },
      { role: 'user', content: question },
    ],
  });
  const sql = completion.choices[0].message.content ?? '';
  // ruleid: llm-output-sql-injection
  const { rows } = await pool.query(sql);
  return rows;
}

export async function customerTotals(question: string) {
  const name = await textToSql(`Customer name only: ${question}`);
  // ruleid: llm-output-sql-injection
  const { rows } = await pool.query(`SELECT id, total FROM orders WHERE customer = '${name}'`);
  return rows;
}

export async function answerWithMysql(question: string) {
  const conn = await mysql.createConnection({ host: 'db.internal', user: 'app', database: 'shop' });
  const sql = await textToSql(question);
  // ruleid: llm-output-sql-injection
  const [rows] = await conn.execute(sql);
  // ruleid: llm-output-sql-injection
  const [more] = await conn.query(sql + ' LIMIT 100');
  return [rows, more];
}

export async function answerWithSqlite3(question: string): Promise<unknown[]> {
  const sql = await textToSql(question);
  return new Promise((resolve, reject) => {
    // ruleid: llm-output-sql-injection
    legacyDb.all(sql, (err, rows) => (err ? reject(err) : resolve(rows)));
  });
}

export async function migrateWithSqlite3(description: string): Promise<void> {
  const script = await textToSql(`Migration for: ${description}`);
  // ruleid: llm-output-sql-injection
  legacyDb.exec(script);
  // ruleid: llm-output-sql-injection
  legacyDb.run(`DELETE FROM orders WHERE ${await textToSql('a WHERE clause for stale orders')}`);
}

export async function answerWithBetterSqlite(question: string) {
  const sql = await textToSql(question);
  // ruleid: llm-output-sql-injection
  return db.prepare(sql).all();
}

export async function knexRaw(question: string) {
  const where = await textToSql(`Only a WHERE clause for: ${question}`);
  // ruleid: llm-output-sql-injection
  return knex.raw(`SELECT * FROM orders WHERE ${where}`);
}

export async function sequelizeQuery(question: string) {
  const { object } = await generateObject({
    model: openai('gpt-4o'),
    schema: z.object({ sql: z.string() }),
    prompt: `SQL for: ${question}`,
  });
  // ruleid: llm-output-sql-injection
  return sequelize.query(object.sql, { type: QueryTypes.SELECT });
}

export async function prismaUnsafe(question: string) {
  const sql = await textToSql(question);
  // ruleid: llm-output-sql-injection
  const rows = await prisma.$queryRawUnsafe(sql);
  // ruleid: llm-output-sql-injection
  await prisma.$executeRawUnsafe(`UPDATE orders SET flagged = true WHERE ${sql}`);
  return rows;
}

// ---------------------------------------------------------------- look-alikes that stay silent

export async function pgParameterised(question: string) {
  const name = await textToSql(`Customer name only: ${question}`);
  // ok: llm-output-sql-injection
  const { rows } = await pool.query('SELECT id, total FROM orders WHERE customer = $1', [name]);
  return rows;
}

export async function mysqlParameterised(question: string) {
  const conn = await mysql.createConnection({ host: 'db.internal', user: 'app', database: 'shop' });
  const name = await textToSql(`Customer name only: ${question}`);
  // ok: llm-output-sql-injection
  const [rows] = await conn.execute('SELECT id, total FROM orders WHERE customer = ?', [name]);
  return rows;
}

export async function betterSqliteBound(question: string) {
  const since = await textToSql(`ISO date only: ${question}`);
  // ok: llm-output-sql-injection
  return db.prepare('SELECT * FROM orders WHERE created_at >= ?').all(since);
}

export async function sqlite3Bound(question: string): Promise<void> {
  const answer = await textToSql(question);
  // ok: llm-output-sql-injection
  legacyDb.run('INSERT INTO audit (question, generated_sql) VALUES (?, ?)', [question, answer]);
}

export async function knexBuilder(question: string) {
  const customer = await textToSql(`Customer name only: ${question}`);
  // ok: llm-output-sql-injection
  const viaBuilder = await knex('orders').where({ customer }).select('id', 'total');
  // ok: llm-output-sql-injection
  const viaBinding = await knex.raw('SELECT * FROM orders WHERE customer = ?', [customer]);
  return [viaBuilder, viaBinding];
}

export async function sequelizeReplacements(question: string) {
  const customer = await textToSql(`Customer name only: ${question}`);
  // ok: llm-output-sql-injection
  return sequelize.query('SELECT * FROM orders WHERE customer = :customer', {
    replacements: { customer },
    type: QueryTypes.SELECT,
  });
}

export async function prismaTagged(question: string) {
  const customer = await textToSql(`Customer name only: ${question}`);
  // ok: llm-output-sql-injection
  return prisma.$queryRaw`SELECT * FROM orders WHERE customer = ${customer}`;
}

export async function prismaClientApi(question: string) {
  const customer = await textToSql(`Customer name only: ${question}`);
  // ok: llm-output-sql-injection
  return prisma.order.findMany({ where: { customer } });
}

export async function pgConfigObject(question: string) {
  const name = await textToSql(`Customer name only: ${question}`);
  // ok: llm-output-sql-injection
  const { rows } = await pool.query({ text: 'SELECT * FROM orders WHERE customer = $1', values: [name] });
  return rows;
}

export async function betterSqliteRun(question: string) {
  const note = await textToSql(`A short note about: ${question}`);
  // ok: llm-output-sql-injection
  return db.prepare('INSERT INTO notes (body) VALUES (?)').run(note);
}

export async function knexInsert(question: string) {
  const note = await textToSql(`A short note about: ${question}`);
  // ok: llm-output-sql-injection
  return knex('notes').insert({ body: note, created_at: knex.fn.now() });
}

const express = require('express');

const app = express();
app.get('/health', (_req, res) => res.send('ok'));
app.get('/orders', (_req, res) => res.json([]));

app.listen(3000, () => console.log('orders-api listening on 3000'));

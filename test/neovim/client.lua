-- A minimal, independent LSP client for Hardline, for Neovim 0.7+ (headless):
--   nvim --headless --clean -n -c 'luafile test/neovim/client.lua'
-- Environment:
--   HARDLINE_NVIM_SERVER   path of server/out/server.js (started as `node <it> --stdio`)
--   HARDLINE_NVIM_ROOT     workspace root (rootUri)
--   HARDLINE_NVIM_FILES    files to check, separated by ';', each `path@line` where `line` (0-based)
--                          is where the first code action is requested and applied
--   HARDLINE_NVIM_RESULT   where the JSON result is written
--   HARDLINE_NVIM_TIMEOUT  global deadline in ms (default 30000)
-- Only what Neovim 0.7 has: vim.lsp.start_client (no vim.lsp.start), pushed diagnostics only.

local env = vim.env
local result = { files = {}, errors = {}, published = 0, nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }

local function write_result()
  local f = assert(io.open(env.HARDLINE_NVIM_RESULT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function fail(message)
  table.insert(result.errors, message)
  pcall(write_result)
  vim.cmd('cquit 1')
end

-- A Lua error in headless mode would hang Neovim forever: a global deadline ends it.
local deadline = vim.loop.new_timer()
deadline:start(tonumber(env.HARDLINE_NVIM_TIMEOUT or '30000'), 0, vim.schedule_wrap(function()
  fail('global timeout: the script did not finish in time')
end))

-- Count pushed diagnostics (textDocument/publishDiagnostics), then let Neovim handle them.
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  result.published = result.published + 1
  return publish(err, params, ctx, config)
end

local client_id = vim.lsp.start_client({
  name = 'hardline',
  cmd = { 'node', env.HARDLINE_NVIM_SERVER, '--stdio' },
  root_dir = env.HARDLINE_NVIM_ROOT,
  settings = { hardline = {} },
  on_error = function(code, err)
    table.insert(result.errors, 'rpc error ' .. tostring(code) .. ': ' .. vim.inspect(err))
  end,
  on_exit = function(code, signal)
    result.exit = { code = code, signal = signal }
  end,
})
if not client_id then
  fail('vim.lsp.start_client failed')
end

local SEVERITY = { [1] = 'error', [2] = 'warning', [3] = 'info', [4] = 'hint' }

local function diagnostics_of(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(out, {
      code = lsp.code or d.code,
      source = d.source,
      severity = SEVERITY[d.severity],
      range = { d.lnum, d.col, d.end_lnum, d.end_col },
      message = d.message,
    })
  end
  table.sort(out, function(a, b)
    for i = 1, 4 do
      if a.range[i] ~= b.range[i] then return a.range[i] < b.range[i] end
    end
    return tostring(a.code) < tostring(b.code)
  end)
  return out
end

-- Neovim 0.7 keeps only the code of an LSP diagnostic: rebuild LSP diagnostics for the request context.
local LSP_SEVERITY = { error = 1, warning = 2, info = 3, hint = 4 }
local function lsp_diagnostics(list)
  local out = {}
  for _, d in ipairs(list) do
    table.insert(out, {
      range = { start = { line = d.range[1], character = d.range[2] }, ['end'] = { line = d.range[3], character = d.range[4] } },
      severity = LSP_SEVERITY[d.severity],
      code = d.code,
      source = d.source,
      message = d.message,
    })
  end
  return out
end

local function wait(what, predicate)
  if not vim.wait(15000, predicate, 20) then
    error('timed out waiting for ' .. what)
  end
end

local function client()
  return vim.lsp.get_client_by_id(client_id)
end

local function check(spec)
  local path, line = spec:match('^(.*)@(%d+)$')
  line = tonumber(line)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local entry = { path = path, filetype = vim.bo[bufnr].filetype }
  table.insert(result.files, entry)
  vim.lsp.buf_attach_client(bufnr, client_id)
  wait('diagnostics of ' .. path, function() return #vim.diagnostic.get(bufnr) > 0 end)
  entry.before = diagnostics_of(bufnr)

  local on_line = {}
  for _, d in ipairs(entry.before) do
    if d.range[1] <= line and line <= d.range[3] then table.insert(on_line, d) end
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
    context = { diagnostics = lsp_diagnostics(on_line), only = { 'quickfix' } },
  }
  local response = client().request_sync('textDocument/codeAction', params, 10000, bufnr)
  if not response or response.err then error('codeAction failed: ' .. vim.inspect(response)) end
  local actions = response.result or {}
  entry.actions = {}
  for _, a in ipairs(actions) do
    table.insert(entry.actions, { title = a.title, kind = a.kind, has_edit = a.edit ~= nil, has_command = a.command ~= nil })
  end
  if #actions == 0 then error('no code action on line ' .. line .. ' of ' .. path) end
  local first = actions[1]
  if not first.edit then error('the first code action has no edit: ' .. vim.inspect(first)) end

  local published = result.published
  vim.lsp.util.apply_workspace_edit(first.edit, 'utf-16')
  entry.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
  -- The server re-checks the edited buffer and pushes new diagnostics.
  wait('diagnostics after the edit of ' .. path, function()
    return result.published > published and not vim.deep_equal(diagnostics_of(bufnr), entry.before)
  end)
  entry.after = diagnostics_of(bufnr)
end

local ok, err = pcall(function()
  wait('the server to initialize', function() return client() ~= nil and client().initialized end)
  result.server = client().server_capabilities and 'initialized' or 'unknown'
  for spec in string.gmatch(env.HARDLINE_NVIM_FILES, '[^;]+') do
    check(spec)
  end
end)
if not ok then
  fail(tostring(err))
end

-- Orderly shutdown: the server must exit by itself after shutdown + exit.
client().stop()
vim.wait(5000, function() return result.exit ~= nil end, 20)
deadline:stop()
write_result()
vim.cmd('qa!')

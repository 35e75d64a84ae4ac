-- Runs after the README's Neovim configuration (loaded with -u): open the file given in
-- HARDLINE_NVIM_OPEN, wait for Hardline's pushed diagnostics, write their codes to HARDLINE_NVIM_RESULT.
local timer = vim.loop.new_timer()
timer:start(20000, 0, vim.schedule_wrap(function() vim.cmd('cquit 2') end))
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.HARDLINE_NVIM_OPEN))
  local bufnr = vim.api.nvim_get_current_buf()
  if not vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then error('no diagnostics') end
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(codes, ((d.user_data or {}).lsp or {}).code or d.code)
  end
  table.sort(codes)
  local clients = {}
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do table.insert(clients, c.name) end
  local f = assert(io.open(vim.env.HARDLINE_NVIM_RESULT, 'w'))
  f:write(vim.fn.json_encode({ codes = codes, clients = clients, filetype = vim.bo[bufnr].filetype }))
  f:close()
end)
timer:stop()
if not ok then
  io.stderr:write(tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
vim.cmd('qa!')

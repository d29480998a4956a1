-- An interpreter's VM loop: Lua bytecode only (arithmetic, calls, tables,
-- closures), no I/O, no library work worth the name. Prints the CPU seconds
-- of the loop (os.clock) and a checksum.
local N = N or 1
local t0 = os.clock()
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local sum = 0
for round = 1, N do
  for i = 1, 1000000 do sum = (sum + i * 3) % 1000003 end
  sum = sum + fib(22)
  local t = {}
  for i = 1, 100000 do t[i] = i * 2 end
  for i = 1, #t do sum = (sum + t[i]) % 1000003 end
  local acc = 0
  local add = function(x) acc = acc + x end
  for i = 1, 200000 do add(i & 7) end
  sum = (sum + acc) % 1000003
end
print(string.format('vmloop %.6f %d', os.clock() - t0, sum))

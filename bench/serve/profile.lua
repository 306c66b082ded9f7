-- wrk script: GET a profile, walking through the ids of the file named by IDS (one a line).
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/api/customers/" .. ids[i])
end

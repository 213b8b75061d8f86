-- wrk script: each request submits the sample quiz as a different practitioner.
-- args: the form body without email, then "&q1=a&q2=b..." answers.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1]
  answers = args[2]
end

function request()
  counter = counter + 1
  local body = prefix .. "&email=bench" .. id .. "-" .. counter .. "%40example.org.uk" .. answers
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

-- wrk script: each request submits the sample quiz as a different practitioner.
-- args: the form body without email, then "&q1=a&q2=b..." answers, then the Origin a
-- browser would send (the server refuses a form post without one).
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1]
  answers = args[2]
  origin = args[3]
end

function request()
  counter = counter + 1
  local body = prefix .. "&email=bench" .. id .. "-" .. counter .. "%40example.org.uk" .. answers
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded", ["Origin"] = origin }, body)
end

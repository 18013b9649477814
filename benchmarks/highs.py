#!/usr/bin/env python3
"""Solves LP files with HiGHS (pip install highspy), one after another, and prints one JSON line:
status (optimal when every file is), objective (the sum), seconds (wall clock, summed)."""
import json
import sys
import time

import highspy

limit = float(sys.argv[1])
files = sys.argv[2:]
total, seconds, statuses = 0.0, 0.0, []
for path in files:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 2)
    highs.setOptionValue("mip_rel_gap", 1e-6)
    highs.setOptionValue("time_limit", max(1.0, limit - seconds))
    highs.readModel(path)
    started = time.time()
    highs.run()
    seconds += time.time() - started
    statuses.append(highs.modelStatusToString(highs.getModelStatus()))
    total += highs.getInfo().objective_function_value
optimal = all(status == "Optimal" for status in statuses)
print(json.dumps({"status": "optimal" if optimal else ",".join(sorted(set(statuses))), "objective": total, "seconds": seconds}))

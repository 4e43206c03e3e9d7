"""Writers: the rollups, stored sets and Regulation F findings that ingest keeps current after each load.

`daily` refreshes the daily rollups and drives the rest; `monthly` and `set_rollups` build
month rollups and stored sets from them; `compliance` rebuilds the Reg F findings per account.
Readers elsewhere in `metrics` read these tables; nothing here imports a reader.
"""

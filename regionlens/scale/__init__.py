"""Scale-out: coding on local processes or a Dask cluster, reprints in time-window chunks; same results as serial."""

from regionlens.scale.dask_run import code_project_dask
from regionlens.scale.processes import ProcessMapper, code_project_parallel
from regionlens.scale.reprint_windows import detect_reprints_parallel

__all__ = ["ProcessMapper", "code_project_dask", "code_project_parallel", "detect_reprints_parallel"]

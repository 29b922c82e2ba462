"""spark-submit entry point for the Spark job of the Python package (``sdklint.spark``):

    spark-submit --master spark://host:7077 examples/spark_scan.py --binary \
        --out s3a://bucket/scan s3a://bucket/bundles/

The executors' Python must have the sdklint wheel installed (or receive it with
``--archives`` of a packed venv). ``python -m sdklint.spark`` runs the same job.
"""

from sdklint.spark import main

if __name__ == "__main__":
    raise SystemExit(main())

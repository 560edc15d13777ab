"""Counts out-of-order deliveries for the Stream benchmark's peers, in delivery order:
inversions = records whose timestamp is below the previous record's; late = records whose
timestamp is below the largest timestamp delivered before them."""


class InversionTally:
    def __init__(self) -> None:
        self.inversions = 0
        self.late = 0
        self.last = None
        self.highest = None

    def add(self, timestamp: int) -> None:
        """One record's timestamp."""
        if self.last is not None:
            self.inversions += timestamp < self.last
            self.late += timestamp < self.highest
            self.highest = max(self.highest, timestamp)
        else:
            self.highest = timestamp
        self.last = timestamp

    def add_batch(self, stamps) -> None:
        """A pyarrow int64 array of timestamps, vectorized (same counts as `add` for each)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        rows = len(stamps)
        if rows == 0:
            return
        first = stamps[0].as_py()
        if self.last is not None:
            self.inversions += first < self.last
            self.late += first < self.highest
        if rows > 1:
            rest = stamps.slice(1)
            self.inversions += pc.sum(pc.less(rest, stamps.slice(0, rows - 1))).as_py() or 0
            running = pc.cumulative_max(stamps).slice(0, rows - 1)
            if self.highest is not None:
                running = pc.max_element_wise(running, pa.scalar(self.highest, pa.int64()))
            self.late += pc.sum(pc.less(rest, running)).as_py() or 0
        self.last = stamps[-1].as_py()
        highest = pc.max(stamps).as_py()
        self.highest = highest if self.highest is None else max(self.highest, highest)

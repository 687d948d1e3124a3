"""A server-rendered horizontal bar chart: geometry only, the template draws the SVG."""

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
BAR_AREA = 260
COUNT_WIDTH = 50


@dataclass
class Bar:
    label: str
    count: int
    y: int
    width: int
    text_y: int
    count_x: int


@dataclass
class BarChart:
    bars: list[Bar]
    height: int
    width: int = LABEL_WIDTH + BAR_AREA + COUNT_WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def total(self) -> int:
        return sum(bar.count for bar in self.bars)


def bar_chart(counts: list[tuple[str, int]]) -> BarChart:
    largest = max((count for _label, count in counts), default=0) or 1
    bars = []
    for position, (label, count) in enumerate(counts):
        y = position * (BAR_HEIGHT + GAP)
        width = round(BAR_AREA * count / largest) if count else 0
        bars.append(
            Bar(
                label=label,
                count=count,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT // 2 + 5,
                count_x=LABEL_WIDTH + width + 6,
            )
        )
    height = max(len(bars) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT)
    return BarChart(bars=bars, height=height)

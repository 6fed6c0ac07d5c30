"""A task that counts its turns of the loop it was started on: proof that the loop stayed free while a cell awaited."""
import asyncio


class Heartbeat:
    """Starts on the running loop at once; ``stop()`` cancels it and returns the turns it counted."""

    def __init__(self):
        self.beats = 0
        self._task = asyncio.create_task(self._beat())

    async def _beat(self):
        while True:
            self.beats += 1
            await asyncio.sleep(0)

    def stop(self) -> int:
        self._task.cancel()
        return self.beats

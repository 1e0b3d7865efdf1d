#pragma once
// Work the user is not waiting on this instant (a picture filling in, a county loading behind its
// picture) runs below the thread that draws the frames: on two cores a frame drawn by llvmpipe,
// on the CPU, would otherwise wait behind it. Threads started meanwhile (GDAL's read-ahead)
// inherit the priority. Linux keeps a nice value per thread.

namespace scene {

// Nice 5: a third of a core's share against the frames' threads (CFS weights 335 : 1024), so a
// picture still fills in while the user turns the view (nice 10 starved it: 1M parcels 5 → 25 s
// with frames drawn one after another; frames 325 → 150 ms longest, 180 ms at nice 5).
inline constexpr int kBackgroundNice = 5;
// Below that, work no one waits for yet (a ledger read behind the pictures of the view).
inline constexpr int kIdleNice = 10;

class BackgroundPriority {
public:
    // This thread's nice value raised to `nice`.
    explicit BackgroundPriority(int nice = kBackgroundNice);
    ~BackgroundPriority(); // back as it was where the system allows (lowering it may need a privilege)
    BackgroundPriority(const BackgroundPriority&) = delete;
    BackgroundPriority& operator=(const BackgroundPriority&) = delete;

private:
    int before_ = 0;
    bool raised_ = false;
};

} // namespace scene

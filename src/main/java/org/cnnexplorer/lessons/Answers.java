package org.cnnexplorer.lessons;

import org.cnnexplorer.i18n.Messages;

import java.awt.Font;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The handout's appendix: every lesson's worked answers under the lesson's title, flowed down two columns a sheet at
 * the print body size. A title never ends a column without its first answer below it.
 */
final class Answers {
    private static final double MARGIN = 60;
    private static final double TOP = 150;
    private static final double GAP = 60;
    private static final double BOTTOM = PageRenderer.HEIGHT - MARGIN - 40;
    private static final double COLUMN = (PageRenderer.WIDTH - 2 * MARGIN - GAP) / 2;
    private static final double SIZE = PageRenderer.PRINT_BODY;

    private Answers() {
    }

    private record Block(String text, boolean title) {
    }

    private record Placed(Block block, int sheet, int column, double y) {
    }

    static List<PageRenderer.Sheet> sheets(List<Page> lessons) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lessons.size(); i++) {
            Page page = lessons.get(i);
            List<Exercises.Exercise> exercises = Exercises.of(page.id());
            if (exercises.isEmpty()) {
                continue;
            }
            blocks.add(new Block((i + 1) + ". " + page.title(), true));
            for (int k = 0; k < exercises.size(); k++) {
                blocks.add(new Block((k + 1) + ". " + exercises.get(k).answer(), false));
            }
        }
        if (blocks.isEmpty()) {
            return List.of();
        }
        List<Placed> placed = place(blocks);
        int count = placed.get(placed.size() - 1).sheet() + 1;
        List<PageRenderer.Sheet> sheets = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int sheet = s;
            sheets.add((g, folio) -> {
                Draw.fill(g, 0, 0, PageRenderer.WIDTH, PageRenderer.HEIGHT, Draw.paper());
                Draw.text(g, Messages.get("lesson.handout.answers"), MARGIN, MARGIN + 34, 40, Font.BOLD, Draw.ink());
                for (Placed p : placed) {
                    if (p.sheet() == sheet) {
                        Draw.paragraph(g, p.block().text(), MARGIN + p.column() * (COLUMN + GAP), p.y() + SIZE,
                                COLUMN, SIZE, p.block().title() ? Font.BOLD : Font.PLAIN, Draw.ink());
                    }
                }
                PageRenderer.folio(g, folio, PageRenderer.WIDTH - MARGIN, PageRenderer.HEIGHT - MARGIN + 20);
            });
        }
        return sheets;
    }

    private static List<Placed> place(List<Block> blocks) {
        return PageRenderer.onto(null, g -> {
            List<Placed> placed = new ArrayList<>();
            int sheet = 0;
            int column = 0;
            double y = TOP;
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                double h = height(g, b);
                double need = b.title() && i + 1 < blocks.size() ? h + height(g, blocks.get(i + 1)) : h;
                if (y + need > BOTTOM && y > TOP) {
                    column++;
                    if (column == 2) {
                        column = 0;
                        sheet++;
                    }
                    y = TOP;
                }
                placed.add(new Placed(b, sheet, column, y));
                y += h;
            }
            return placed;
        });
    }

    /** The block's height with the space after it: a title sits close to its answers, an answer leaves a gap. */
    private static double height(Graphics2D g, Block b) {
        g.setFont(Draw.font(b.title() ? Font.BOLD : Font.PLAIN, SIZE));
        return Draw.wrap(g, b.text(), COLUMN).size() * SIZE * 1.35 + SIZE * (b.title() ? 0.2 : 0.6);
    }
}

// Reads a glossary file with OmegaT's own glossary readers (Debian's omegat package), headless, and prints
// what OmegaT would show: one line per entry, "source<TAB>target<TAB>comment" with newlines as "\n".
// Run: java -cp /usr/share/omegat/OmegaT.jar:/usr/share/omegat/lib/* ReadGlossary.java FILE SOURCE TARGET
import java.io.File;
import java.lang.reflect.Proxy;
import java.util.List;

import org.omegat.core.Core;
import org.omegat.core.data.IProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderCSV;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;

public class ReadGlossary {
    public static void main(String[] args) throws Exception {
        File file = new File(args[0]);
        File dir = java.nio.file.Files.createTempDirectory("omegat-project").toFile();
        ProjectProperties props = new ProjectProperties(dir);
        props.setSourceLanguage(args[1]);
        props.setTargetLanguage(args[2]);
        // the TBX reader asks the open project for its languages; a stand-in project answers
        IProject project = (IProject) Proxy.newProxyInstance(IProject.class.getClassLoader(),
                new Class<?>[] {IProject.class}, (proxy, method, margs) ->
                        method.getName().equals("getProjectProperties") ? props : null);
        Core.setProject(project);
        String name = file.getName().toLowerCase();
        List<GlossaryEntry> entries;
        if (name.endsWith(".tbx")) {
            entries = GlossaryReaderTBX.read(file, false);
        } else if (name.endsWith(".csv")) {
            entries = GlossaryReaderCSV.read(file, false);
        } else if (name.endsWith(".tab") || name.endsWith(".txt") || name.endsWith(".utf8")) {
            entries = GlossaryReaderTSV.read(file, false);
        } else {
            System.err.println("OmegaT does not load " + name);
            System.exit(3);
            return;
        }
        StringBuilder out = new StringBuilder();
        for (GlossaryEntry e : entries) {
            out.append(e.getSrcText()).append('\t').append(e.getLocText()).append('\t')
               .append(e.getCommentText().replace("\n", "\\n")).append('\n');
        }
        System.out.write(out.toString().getBytes("UTF-8"));
        System.out.flush();
    }
}
